// Course text as the window shows it: an image arrives from the Rust side
// as a data: URL and keeps its alt text; one that cannot be read leaves its
// description in its place.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Blocks from "./Blocks.svelte";
import { mockBackend } from "../test/backend";
import type { Block } from "../api/bindings/Block";

const pixel = "data:image/png;base64,iVBORw0KGgo=";

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("course blocks", () => {
  it("shows a course image from its data: URL with its alt text", async () => {
    const calls = mockBackend({ course_image: () => pixel });
    const blocks: Block[] = [{ type: "image", src: "assets/map.png", alt: "Map of the county" }];
    render(Blocks, { blocks });
    const image = (await screen.findByRole("img", { name: "Map of the county" })) as HTMLImageElement;
    expect(image.src).toBe(pixel);
    expect(calls[0].args).toEqual({ src: "assets/map.png" });
  });

  it("keeps the description when the image cannot be read", async () => {
    mockBackend({
      course_image: () => {
        throw { code: "course_image_unavailable", message: "missing" };
      },
    });
    render(Blocks, { blocks: [{ type: "image", src: "assets/gone.png", alt: "A helpline poster" }] });
    expect(await screen.findByText("Image not available: A helpline poster")).toBeTruthy();
  });
});
