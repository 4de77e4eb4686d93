//! Sending to a real Learning Record Store: Ralph (from PyPI, installed by
//! `scripts/ralph` into `.tools/ralph`) on 127.0.0.1 with its file-system
//! backend, driven through the `signpost` command line as a record keeper
//! would. What the LRS holds is read back from its `GET /statements` and
//! compared with what Signpost exports; the LRS is stopped whatever
//! happens (its process is killed when the test's handle on it drops).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jiff::civil::date;
use serde_json::Value;
use signpost::export::{DateRange, xapi};
use signpost::progress::Silent;
use signpost::records::{
    AttendanceStatus, Store, attendance, erase, retention, sessions, settings,
};

mod common;

use common::run;

const KEY: &str = "signpost";
const SECRET: &str = "a secret for the tests only";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A Ralph LRS running on 127.0.0.1, killed when dropped.
struct Ralph {
    child: Option<Child>,
    port: u16,
    home: PathBuf,
}

impl Ralph {
    /// Installs Ralph if needed, makes credentials with `ralph auth` and
    /// starts the server with its data in `home`.
    fn start(home: &Path) -> Ralph {
        let status = Command::new(repo().join("scripts/ralph"))
            .arg("install")
            .status()
            .expect("scripts/ralph runs");
        assert!(status.success(), "scripts/ralph install failed");
        std::fs::create_dir_all(home.join("data")).unwrap();
        let auth = Command::new(repo().join("scripts/ralph"))
            .args(["auth", "-u", KEY, "-p", SECRET, "-s", "all"])
            .args(["-M", "mailto:records@example.org", "-w"])
            .envs(Ralph::env(home))
            .output()
            .expect("ralph auth runs");
        assert!(
            auth.status.success(),
            "ralph auth failed: {}",
            String::from_utf8_lossy(&auth.stderr)
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut ralph = Ralph {
            child: None,
            port,
            home: home.to_path_buf(),
        };
        ralph.run();
        ralph
    }

    fn env(home: &Path) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("RALPH_APP_DIR", home.join("app")),
            ("RALPH_AUTH_FILE", home.join("app/auth.json")),
        ]
    }

    /// Starts the server (again, after [`Ralph::stop`]) on the same port
    /// and data, and waits until it answers.
    fn run(&mut self) {
        let log = std::fs::File::create(self.home.join("ralph.log")).unwrap();
        let child = Command::new(repo().join("scripts/ralph"))
            .arg("serve")
            .arg(self.home.join("data"))
            .arg(self.port.to_string())
            .envs(Ralph::env(&self.home))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("ralph runserver starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while get(&format!("{}/__heartbeat__", self.base()), false).is_err() {
            assert!(
                Instant::now() < deadline,
                "Ralph did not answer within a minute: {}",
                std::fs::read_to_string(self.home.join("ralph.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the server as its administrator would (SIGTERM: requests in
    /// flight finish, then nothing answers).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
        // Nothing may answer any more before the test goes on.
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
            assert!(
                Instant::now() < deadline,
                "Ralph still answers after being killed"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn endpoint(&self) -> String {
        format!("{}/xAPI", self.base())
    }

    /// Every statement the LRS holds, following its `more` links.
    fn statements(&self) -> Vec<Value> {
        let mut out = Vec::new();
        let mut next = format!("{}/statements?limit=500", self.endpoint());
        loop {
            let page: Value = serde_json::from_str(&get(&next, true).unwrap()).unwrap();
            out.extend(page["statements"].as_array().unwrap().iter().cloned());
            match page["more"].as_str().filter(|more| !more.is_empty()) {
                Some(more) => next = format!("{}{more}", self.base()),
                None => return out,
            }
        }
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn get(url: &str, authenticated: bool) -> Result<String, ureq::Error> {
    let mut request = ureq::get(url).header("X-Experience-API-Version", "1.0.3");
    if authenticated {
        use base64::Engine;
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:{SECRET}"));
        request = request.header("Authorization", format!("Basic {basic}"));
    }
    request.call()?.body_mut().read_to_string()
}

/// Posts statements straight to the LRS, as another system would.
fn post(ralph: &Ralph, statements: &Value) -> u16 {
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:{SECRET}"));
    ureq::post(format!("{}/statements", ralph.endpoint()))
        .header("X-Experience-API-Version", "1.0.3")
        .header("Authorization", format!("Basic {basic}"))
        .content_type("application/json")
        .send(statements.to_string())
        .unwrap()
        .status()
        .as_u16()
}

fn signpost(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_signpost"));
    cmd.arg("--data-dir")
        .arg(data)
        .env_remove("SIGNPOST_DATA_DIR")
        .env("SIGNPOST_LRS_SECRET", SECRET)
        .stdin(Stdio::null());
    cmd
}

fn set_up_lrs(data: &Path, ralph: &Ralph) {
    let mut set = signpost(data);
    set.args(["lrs", "set", "--endpoint", &ralph.endpoint(), "--key", KEY])
        .env_remove("SIGNPOST_LRS_SECRET");
    let (ok, text) = run(&mut set);
    assert!(ok, "{text}");
}

/// `sessions` sessions with `people` people signed in to each.
fn records(data: &Path, sessions_count: usize, people: usize) {
    let mut store = Store::open_in(data).unwrap();
    for s in 0..sessions_count {
        let mut new = common::new_session(&format!("Session {s}"));
        new.date = date(2026, 3, 1)
            .checked_add(jiff::Span::new().days(s as i64))
            .unwrap();
        let session = sessions::create(&mut store, &new).unwrap();
        for p in 0..people {
            let name = common::NAMES[p % common::NAMES.len()];
            let mut person = common::person(&format!("{name} {s}-{p}"));
            if p % 2 == 0 {
                person.email = Some(format!("person{s}-{p}@example.org"));
            }
            attendance::sign_in(&mut store, session.id, &person).unwrap();
        }
    }
}

fn exported(data: &Path) -> Vec<Value> {
    let store = Store::open_in(data).unwrap();
    xapi::statements(&store, DateRange::default(), &Silent).unwrap()
}

fn acknowledged(data: &Path) -> i64 {
    let conn = rusqlite::Connection::open(data.join("signpost.sqlite3")).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row("SELECT count(*) FROM lrs_acknowledged", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_sessions_statements_sent_from_the_command_line_are_in_the_lrs_as_exported_and_a_second_send_sends_nothing()
 {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("records");
    let ralph = Ralph::start(&dir.path().join("ralph"));
    records(&data, 1, 5);
    set_up_lrs(&data, &ralph);

    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok, "{text}");
    assert!(text.contains("5 statements sent"), "{text}");

    let held = ralph.statements();
    let ours = exported(&data);
    assert_eq!(held.len(), ours.len());
    for statement in &ours {
        let id = statement["id"].as_str().unwrap();
        let theirs = held
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("the LRS has no statement {id}"));
        for field in ["actor", "verb", "object", "result", "context"] {
            assert_eq!(theirs[field], statement[field], "{field} of {id}");
        }
        let instant = |s: &Value| {
            s["timestamp"]
                .as_str()
                .unwrap()
                .parse::<jiff::Timestamp>()
                .unwrap()
        };
        assert_eq!(instant(theirs), instant(statement), "timestamp of {id}");
    }

    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok, "{text}");
    assert!(
        text.contains("0 statements sent") && text.contains("5 already sent before"),
        "{text}"
    );
    assert_eq!(ralph.statements().len(), 5);

    let (ok, text) = run(signpost(&data).args(["lrs", "status"]));
    assert!(ok, "{text}");
    assert!(
        text.contains("5 statements sent") && text.contains("0 new or corrected since"),
        "{text}"
    );
}

#[test]
fn a_send_cut_off_by_the_lrs_stopping_carries_on_later_with_nothing_sent_twice_or_lost() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("records");
    let mut ralph = Ralph::start(&dir.path().join("ralph"));
    records(&data, 60, 50);
    set_up_lrs(&data, &ralph);
    let total = exported(&data).len();
    assert_eq!(total, 3000);

    // Stop the LRS as soon as the first batch is acknowledged.
    let sending = signpost(&data)
        .arg("send")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while acknowledged(&data) == 0 {
        assert!(Instant::now() < deadline, "no batch was acknowledged");
        std::thread::sleep(Duration::from_millis(5));
    }
    ralph.stop();
    let out = sending.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "the send went on without the LRS: {text}"
    );
    assert!(text.contains("the send stopped"), "{text}");
    let first = acknowledged(&data);
    assert!(
        first > 0 && (first as usize) < total,
        "{first} of {total}: {text}"
    );

    ralph.run();
    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!("{} statements sent", total - first as usize)),
        "{text}"
    );
    assert_eq!(acknowledged(&data) as usize, total);

    let held = ralph.statements();
    let ids: std::collections::HashSet<&str> =
        held.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(held.len(), total, "statements held by the LRS");
    assert_eq!(ids.len(), total, "distinct statements held by the LRS");
    for statement in exported(&data) {
        assert!(ids.contains(statement["id"].as_str().unwrap()));
    }
}

#[test]
fn a_statement_the_lrs_refuses_is_named_with_its_reason_and_the_rest_still_go() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("records");
    let ralph = Ralph::start(&dir.path().join("ralph"));
    records(&data, 1, 5);
    set_up_lrs(&data, &ralph);
    // Another system already holds a different statement under one of
    // Signpost's ids: the LRS must refuse Signpost's.
    let ours = exported(&data);
    let mut clash = ours[2].clone();
    clash["verb"] = serde_json::json!({ "id": "http://adlnet.gov/expapi/verbs/experienced" });
    assert_eq!(post(&ralph, &serde_json::json!([clash])), 200);
    let who = ours[2]["actor"]["name"].as_str().unwrap();

    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(!ok, "a refusal must show in the exit status: {text}");
    assert!(
        text.contains("4 statements sent") && text.contains("1 refused"),
        "{text}"
    );
    let refused = text
        .lines()
        .find(|line| line.starts_with("refused:"))
        .unwrap_or_else(|| panic!("no refused line: {text}"));
    assert!(refused.contains(who), "{refused}");
    assert!(
        refused.contains(ours[2]["id"].as_str().unwrap()),
        "{refused}"
    );
    assert!(
        refused.contains("Differing statements already exist"),
        "{refused}"
    );
    assert_eq!(acknowledged(&data), 4);
    assert_eq!(ralph.statements().len(), 5);

    // Sending again offers only the refused one, and it is refused again.
    let (_, text) = run(signpost(&data).arg("send"));
    assert!(
        text.contains("0 statements sent")
            && text.contains("4 already sent before")
            && text.contains("1 refused"),
        "{text}"
    );
}

#[test]
fn erasing_someone_whose_statements_were_sent_names_the_lrs_and_the_audit_log_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("records");
    let ralph = Ralph::start(&dir.path().join("ralph"));
    records(&data, 1, 2);
    set_up_lrs(&data, &ralph);
    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok, "{text}");
    // People with no email are named in statements by their Signpost id.
    let person = exported(&data)
        .iter()
        .find_map(|s| s["actor"]["account"]["name"].as_str().map(str::to_string))
        .unwrap();
    let named = format!("Learning Record Store at {}", ralph.endpoint());

    let (ok, text) = run(signpost(&data).args(["erase", "--person", &person]));
    assert!(ok && text.contains(&named), "{text}");
    let (ok, text) = run(signpost(&data).args(["erase", "--person", &person, "--yes"]));
    assert!(ok && text.contains(&named), "{text}");
    let conn = rusqlite::Connection::open(data.join("signpost.sqlite3")).unwrap();
    let logged: String = conn
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'erase' ORDER BY at DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(logged.contains(&person), "{logged}");
    assert!(logged.contains(&ralph.endpoint()), "{logged}");
    assert!(logged.contains("cannot erase"), "{logged}");
}

/// What the LRS counts: the statements it holds less the voiding ones and
/// those they void.
fn standing(held: &[Value]) -> Vec<Value> {
    let voided: std::collections::HashSet<&str> = held
        .iter()
        .filter(|s| s["verb"]["id"] == xapi::VERB_VOIDED)
        .map(|s| s["object"]["id"].as_str().unwrap())
        .collect();
    held.iter()
        .filter(|s| s["verb"]["id"] != xapi::VERB_VOIDED)
        .filter(|s| !voided.contains(s["id"].as_str().unwrap()))
        .cloned()
        .collect()
}

#[test]
fn register_lines_corrected_and_people_erased_after_a_send_are_put_right_at_the_lrs_but_retention_takes_nothing_back()
 {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("records");
    let ralph = Ralph::start(&dir.path().join("ralph"));
    records(&data, 1, 4);
    set_up_lrs(&data, &ralph);
    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok && text.contains("4 statements sent"), "{text}");
    let first: Vec<Value> = exported(&data);
    // Acknowledged as a Signpost before corrections were sent kept them,
    // by id alone: the next start (here, of the command line) notes what
    // each was made from.
    let db = rusqlite::Connection::open(data.join("signpost.sqlite3")).unwrap();
    let learnt = "SELECT count(*) FROM lrs_acknowledged WHERE record LIKE 'attended:%'";
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    db.execute(
        "UPDATE lrs_acknowledged SET record = NULL, person_id = NULL, digest = NULL",
        [],
    )
    .unwrap();
    assert_eq!(count(learnt), 0);
    let (ok, text) = run(signpost(&data).args(["lrs", "status"]));
    assert!(ok && text.contains("0 new or corrected since"), "{text}");
    assert_eq!(count(learnt), 4);

    // After the send: one line corrected to absent, one to left early, one
    // person erased; the fourth stays as it was.
    let mut store = Store::open_in(&data).unwrap();
    let session = sessions::list(&store).unwrap()[0].session.id;
    let lines = sessions::register(&store, session).unwrap().entries;
    let id_of = |i: usize| {
        first
            .iter()
            .find(|s| {
                s["object"]["id"].as_str().is_some()
                    && s["actor"]["name"] == lines[i].person.name.as_str()
            })
            .map(|s| s["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let (absent, left, erased, kept) = (id_of(0), id_of(1), id_of(2), id_of(3));
    attendance::set_status(
        &mut store,
        session,
        lines[0].person.id,
        AttendanceStatus::Absent,
        None,
    )
    .unwrap();
    attendance::set_status(
        &mut store,
        session,
        lines[1].person.id,
        AttendanceStatus::LeftEarly,
        None,
    )
    .unwrap();
    erase::erase_person(&mut store, lines[2].person.id, &Silent).unwrap();
    drop(store);

    let (ok, text) = run(signpost(&data).args(["lrs", "status"]));
    assert!(ok && text.contains("4 new or corrected since"), "{text}");
    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok, "{text}");
    assert!(
        text.contains("1 statements sent")
            && text.contains("(1 of them corrections)")
            && text.contains("3 sent before withdrawn"),
        "{text}"
    );

    let held = ralph.statements();
    let voided: std::collections::HashSet<String> = held
        .iter()
        .filter(|s| s["verb"]["id"] == xapi::VERB_VOIDED)
        .map(|s| s["object"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(voided, [absent, left.clone(), erased].into_iter().collect());
    let now = exported(&data);
    let counted = standing(&held);
    assert_eq!(counted.len(), 2, "{counted:#?}");
    assert!(counted.iter().any(|s| s["id"] == kept.as_str()));
    let corrected = counted.iter().find(|s| s["id"] != kept.as_str()).unwrap();
    assert_ne!(
        corrected["id"],
        left.as_str(),
        "a corrected statement has an id never used before"
    );
    assert_eq!(corrected["result"]["completion"], false);
    let ours = now
        .iter()
        .find(|s| s["actor"] == corrected["actor"])
        .unwrap();
    assert_eq!(corrected["result"], ours["result"]);

    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok, "{text}");
    assert!(
        text.contains("0 statements sent") && text.contains("0 sent before withdrawn"),
        "{text}"
    );

    // Records removed from this computer by its retention period stay at the LRS.
    let mut store = Store::open_in(&data).unwrap();
    let mut kept_months = settings::get(&store).unwrap();
    kept_months.retention_months = Some(1);
    settings::save(&mut store, &kept_months).unwrap();
    let report =
        retention::apply_retention(&mut store, "2026-12-02T00:00:00Z".parse().unwrap(), true)
            .unwrap();
    assert_eq!(report.sessions, 1);
    drop(store);
    assert!(exported(&data).is_empty());
    let (ok, text) = run(signpost(&data).arg("send"));
    assert!(ok && text.contains("0 sent before withdrawn"), "{text}");
    assert_eq!(standing(&ralph.statements()).len(), 2);
}

/// A web server at an LRS's address that answers every request (read
/// whole) with what `answer` makes of its request line. Returns its address
/// and how many requests it answered.
fn fake_lrs(
    answer: fn(&str) -> String,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/xAPI", listener.local_addr().unwrap());
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = answered.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if request_line.is_empty() {
                    request_line = line.clone();
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    let mut body = vec![0; length];
                    let _ = reader.read_exact(&mut body);
                    let _ = reader.get_mut().write_all(answer(&request_line).as_bytes());
                    count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    break;
                }
            }
        }
    });
    (address, answered)
}

/// A whole HTTP answer that closes the connection.
fn http(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Sends to the LRS at `endpoint` from a data folder with a few records.
fn send_to(endpoint: &str) -> (PathBuf, tempfile::TempDir, bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("records");
    records(&data, 1, 3);
    let mut set = signpost(&data);
    set.args(["lrs", "set", "--endpoint", endpoint, "--key", KEY])
        .env_remove("SIGNPOST_LRS_SECRET");
    let (ok, text) = run(&mut set);
    assert!(ok, "{text}");
    let (ok, text) = run(signpost(&data).arg("send"));
    (data, dir, ok, text)
}

#[test]
fn a_redirect_to_a_sign_in_page_is_not_taken_for_the_lrs_and_nothing_counts_as_sent() {
    // A portal in front of the network: everything is sent on to its
    // sign-in page, which answers "200 OK".
    let (endpoint, _) = fake_lrs(|request| {
        if request.contains("/sign-in") {
            http(
                "200 OK",
                "Content-Type: text/html\r\n",
                "<html>Sign in</html>",
            )
        } else {
            http("302 Found", "Location: /sign-in\r\n", "")
        }
    });
    let (data, _dir, ok, text) = send_to(&endpoint);
    assert!(!ok, "{text}");
    assert!(
        text.contains("redirect to /sign-in") && text.contains("302"),
        "{text}"
    );
    assert_eq!(acknowledged(&data), 0);
}

#[test]
fn an_ok_that_does_not_acknowledge_the_statements_counts_none_as_sent() {
    let (endpoint, answered) = fake_lrs(|_| {
        http(
            "200 OK",
            "Content-Type: text/html\r\n",
            "<html>Welcome</html>",
        )
    });
    let (data, _dir, ok, text) = send_to(&endpoint);
    assert!(!ok, "{text}");
    assert!(
        text.contains("did not acknowledge the statements") && text.contains("Welcome"),
        "{text}"
    );
    assert_eq!(answered.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(acknowledged(&data), 0);
}

#[test]
fn an_lrs_that_cannot_take_statements_now_is_named_and_nothing_counts_as_sent() {
    // An LRS that is there but cannot take anything.
    let (endpoint, answered) = fake_lrs(|_| http("503 Service Unavailable", "", "maintenance"));
    let (data, _dir, ok, text) = send_to(&endpoint);
    assert!(
        !ok,
        "an LRS that is down must show in the exit status: {text}"
    );
    assert!(
        text.contains("could not take the statements just now") && text.contains("503"),
        "{text}"
    );
    assert!(answered.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    assert_eq!(
        acknowledged(&data),
        0,
        "nothing the LRS did not take is kept as sent"
    );
}
