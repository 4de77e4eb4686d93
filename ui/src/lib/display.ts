// The reader's display choices: text size and colours. They belong to this
// computer's window, not to any record, so they live in localStorage and
// are applied to the root element (text size scales every rem; the theme
// picks a set of colour variables in app.css).
export const textSizes = [100, 125, 150, 200] as const;
export type TextSize = (typeof textSizes)[number];
export const themes = {
  system: "Follow this computer",
  light: "Light",
  dark: "Dark",
  contrast: "High contrast",
} as const;
export type Theme = keyof typeof themes;

const SIZE_KEY = "signpost.textSize";
const THEME_KEY = "signpost.theme";

export function loadDisplay(): { size: TextSize; theme: Theme } {
  let size: TextSize = 100;
  let theme: Theme = "system";
  try {
    const storedSize = Number(localStorage.getItem(SIZE_KEY));
    if ((textSizes as readonly number[]).includes(storedSize)) size = storedSize as TextSize;
    const storedTheme = localStorage.getItem(THEME_KEY);
    if (storedTheme && storedTheme in themes) theme = storedTheme as Theme;
  } catch {
    // No storage (a locked-down profile): the defaults stand.
  }
  return { size, theme };
}

export function applyDisplay(size: TextSize, theme: Theme) {
  const root = document.documentElement;
  root.style.fontSize = `${(18 * size) / 100}px`;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    localStorage.setItem(SIZE_KEY, String(size));
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not kept for next time; applied all the same.
  }
}
