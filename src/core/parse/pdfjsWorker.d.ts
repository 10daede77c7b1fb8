/** PDF.js's worker code, run in-process (it ships without type declarations). */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
