// A roster import's outcome and shared emails in words: true counts.
import { describe, expect, it } from "vitest";
import { headingsHint, holderLabel, importedSummary } from "./roster";

describe("a roster import's summary", () => {
  it("says only what happened", () => {
    expect(importedSummary({ addedToRegister: 1, alreadyOnRegister: 0, newPeople: 0, repeatedInFile: 0 })).toBe(
      "Added 1 person to the register as expected.",
    );
  });

  it("names people already on the register and rows repeating an earlier one apart", () => {
    expect(importedSummary({ addedToRegister: 4, alreadyOnRegister: 1, newPeople: 3, repeatedInFile: 2 })).toBe(
      "Added 4 people to the register as expected; 3 of them new to the records; 1 person was already on it; 2 rows named someone an earlier row had already added.",
    );
  });

  it("says where the holder of a shared email comes from", () => {
    expect(holderLabel({ name: "Tom Jones", row: 2 })).toBe("Tom Jones (row 2)");
    expect(holderLabel({ name: "Zoë", row: null })).toBe("Zoë (already in the records)");
  });
});

describe("the recognised headings", () => {
  it("lists each field's headings as the library gives them, in its order", () => {
    expect(
      headingsHint([
        { field: "name", headings: ["Name", "Full name"] },
        { field: "last_name", headings: ["Last name", "Surname", "Family name"] },
        { field: "email", headings: ["Email"] },
      ]),
    ).toBe("Name or Full name; Last name, Surname or Family name; Email");
  });
});
