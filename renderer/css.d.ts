// Style sheets are bundled by esbuild into ui.css; to TypeScript they are modules without exports.
declare module '*.css';
