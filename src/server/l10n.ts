/**
 * Translations in the server: VS Code's l10n API lives in the extension host, so the client passes
 * the display language's bundle (`vscode.l10n.bundle`) in the initialization options and the
 * server looks its strings up there. Same keys and `{0}` placeholders as `vscode.l10n.t`, so the
 * translations live in l10n/bundle.l10n.*.json with the host's.
 */
let bundle: Readonly<Record<string, string>> = {};

export function setL10nBundle(next: Readonly<Record<string, string>> | undefined): void {
  bundle = next ?? {};
}

export const l10n = {
  t(message: string, ...args: (string | number)[]): string {
    const template = bundle[message] ?? message;
    return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
      const value = args[Number(n)];
      return value === undefined ? whole : String(value);
    });
  },
};
