// Vite's import.meta.glob (used by web/i18n/index.ts to bundle every catalog file), typed without pulling in vite/client.
interface ImportMeta {
  /** Vite's build flags (DEV is true only in the development server). */
  readonly env: { readonly DEV: boolean; readonly PROD: boolean; readonly MODE: string };
  glob<T = unknown>(pattern: string | string[], options: { eager: true; import?: string }): Record<string, T>;
}
