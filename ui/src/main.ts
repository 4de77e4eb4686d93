import { mount } from "svelte";
import App from "./App.svelte";
import "./styles/app.css";
import { applyDisplay, loadDisplay } from "./lib/display";

// The reader's text size and colours before the first paint, on every
// screen (the kiosk has no top bar to set them from).
const display = loadDisplay();
applyDisplay(display.size, display.theme);

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

export default mount(App, { target });
