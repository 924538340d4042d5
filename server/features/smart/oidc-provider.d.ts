// oidc-provider 8 ships no type declarations; Portico uses it through the small surface in provider.ts.
declare module 'oidc-provider' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Provider: any;
  export default Provider;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export const errors: any;
}
