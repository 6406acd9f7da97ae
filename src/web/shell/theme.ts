/**
 * Light and dark themes: the system's preference (prefers-color-scheme) unless the user picked one with the
 * toggle, which is remembered in localStorage. The choice is the `data-theme` attribute of <html>, which
 * styles/theme.css reads.
 */

export type Theme = 'light' | 'dark';

/** The localStorage key of the user's choice. */
export const THEME_STORAGE_KEY = 'debrief-theme';

/** The theme the user chose, if any. */
export function storedTheme(): Theme | undefined {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    // Storage can be disabled (privacy settings): fall back to the system's preference.
    return undefined;
  }
}

/** The theme in effect: the user's choice, else the system's. */
export function effectiveTheme(): Theme {
  const chosen = storedTheme();
  if (chosen !== undefined) return chosen;
  const dark =
    typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
  return dark ? 'dark' : 'light';
}

/** Applies the stored choice to <html> (call before the first render to avoid a flash). */
export function applyStoredTheme(): void {
  const chosen = storedTheme();
  if (chosen === undefined) delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = chosen;
}

/** Remembers and applies a theme. */
export function chooseTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not remembered, still applied for this page.
  }
  document.documentElement.dataset.theme = theme;
}
