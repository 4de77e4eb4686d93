import { mount } from "svelte";
import { windowLabel } from "./api";
import App from "./App.svelte";
import Audience from "./present/Audience.svelte";
import Speaker from "./present/Speaker.svelte";
import "./styles/app.css";
import "./present/present.css";
import { applyDisplay, loadDisplay } from "./lib/display";

// The reader's text size and colours before the first paint, on every
// screen (the kiosk has no top bar to set them from).
const display = loadDisplay();
applyDisplay(display.size, display.theme);

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

// Every window loads this page; the presenting windows are known by the
// label the shell gave them.
const label = windowLabel();
if (label === "audience") document.title = "Signpost — the room's view";
if (label === "speaker") document.title = "Signpost — speaker view";
const view = label === "audience" ? Audience : label === "speaker" ? Speaker : App;

export default mount(view, { target });
