/**
 * Kamervragen: Reuse Report… — per ministry the share of answered Kamervragen with a paragraph that
 * recurs in another Kamervraag's answer, and the most reused paragraphs (src/core/reuse.ts
 * reuseReport), in a webview panel with "Export CSV" (a save dialog). Computed with a cancellable
 * progress notification, in slices, so the extension host stays responsive. Same rules as the other
 * panels: strict CSP with a nonce, data by postMessage after `ready`, every message checked.
 */
import * as vscode from 'vscode';
import { TimeSlicer, reuseReport, reuseReportCsv, type ReuseReport } from '../../core/reuse';
import type { Services } from '../services';
import { reuseService } from '../reuseService';
import { displayDate } from '../dates';
import { showReadingPanel } from './readingPanel';
import {
  REUSE_REPORT_VIEW_TYPE, reuseReportMessage, type HostToReuseReport, type KamervraagLink, type ReuseReportStrings, type ReuseReportSummary,
  type ReuseReportView,
} from '../../shared/webviewProtocol';
import { webviewOptions } from './webviewHtml';
import { WebviewPanelBase } from './webviewPanel';

let open: ReuseReportPanel | undefined;
const rendered = new vscode.EventEmitter<ReuseReportSummary>();

function strings(report: ReuseReport): ReuseReportStrings {
  return {
    title: vscode.l10n.t('Reuse across the library'),
    summary: vscode.l10n.t('{0} of {1} answered Kamervragen in your library have a paragraph that another Kamervraag\'s answer has too (the same or nearly the same words).',
      report.withReuse, report.answers),
    exportCsv: vscode.l10n.t('Export CSV'),
    ministries: vscode.l10n.t('Per ministry'),
    ministry: vscode.l10n.t('Ministry'),
    answers: vscode.l10n.t('Answered Kamervragen'),
    withReuse: vscode.l10n.t('With reused paragraphs'),
    share: vscode.l10n.t('Share'),
    paragraphs: vscode.l10n.t('Most reused paragraphs'),
    kamervragen: vscode.l10n.t('Kamervragen'),
    period: vscode.l10n.t('Period'),
    text: vscode.l10n.t('Paragraph'),
    empty: vscode.l10n.t('No paragraph recurs across the Kamervragen of your library.'),
    occursIn: vscode.l10n.t('Occurs in'),
  };
}

function view(report: ReuseReport, lookup: (key: string) => { zaak: string | null; title: string } | undefined): ReuseReportView {
  const link = (key: string): KamervraagLink => {
    const kv = lookup(key);
    return { key, text: kv?.zaak ?? key, title: kv?.title || key };
  };
  return {
    ministries: report.ministries.map((m) => ({ ministry: m.ministry, answers: m.answers, withReuse: m.withReuse, share: m.share })),
    paragraphs: report.paragraphs.map((p) => ({
      text: p.text,
      count: p.keys.length,
      period: p.first && p.last ? (p.first === p.last ? displayDate(p.first) : `${displayDate(p.first)} – ${displayDate(p.last)}`) : '',
      ministries: p.ministries.join(', '),
      links: p.keys.slice(0, 20).map(link),
    })),
  };
}

class ReuseReportPanel extends WebviewPanelBase<HostToReuseReport> {
  constructor(private readonly services: Services, panel: vscode.WebviewPanel, private report: ReuseReport) {
    super(panel, services.context.extensionUri);
    this.show('reuseReport', 'reuseReport.css');
  }

  update(report: ReuseReport): void {
    this.report = report;
    void this.send();
  }

  protected onMessage(raw: unknown): void {
    const msg = reuseReportMessage(raw);
    if (!msg) {
      this.services.log.warn('Reuse report: ignored a malformed message from the webview.');
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        void this.send();
        break;
      case 'exportCsv':
        void exportCsv(this.report).catch((err: unknown) => {
          this.services.log.error(`Reuse report: export failed: ${String(err)}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Could not export the reuse report: {0}', err instanceof Error ? err.message : String(err)));
        });
        break;
      case 'openKamervraag':
        if (this.report.paragraphs.some((p) => p.keys.includes(msg.key))) void showReadingPanel(this.services, msg.key);
        else this.services.log.warn(`Reuse report: refused to open ${JSON.stringify(msg.key)}: not in the report.`);
        break;
      case 'rendered':
        rendered.fire(msg.summary);
        break;
    }
  }

  private async send(): Promise<void> {
    if (!this.ready) return;
    const library = await this.services.library();
    const lookup = (key: string): { zaak: string | null; title: string } | undefined => library.store.get(key)?.head;
    this.post({ type: 'init', strings: strings(this.report), view: view(this.report, lookup) });
  }

  protected override onDispose(): void {
    if (open === this) open = undefined;
  }
}

/** Saves the report as CSV where the user chooses; the Uri, or undefined when cancelled. */
export async function exportCsv(report: ReuseReport, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = target ?? (await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export the reuse report'),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'kamervragen-reuse.csv') } : {}),
    filters: { CSV: ['csv'] },
  }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(reuseReportCsv(report)));
  if (!target) void vscode.window.showInformationMessage(vscode.l10n.t('Saved the reuse report to {0}', vscode.workspace.asRelativePath(uri)));
  return uri;
}

/** Computes the report (progress with cancel) and shows it; the report, or undefined when cancelled. */
export async function showReuseReport(services: Services): Promise<ReuseReport | undefined> {
  const library = await services.library();
  const service = await reuseService(services);
  const report = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: vscode.l10n.t('Reuse across the library'),
    cancellable: true,
  }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      if (service.pending > 0) progress.report({ message: vscode.l10n.t('indexing the library…') });
      await service.idle();
      const keys = library.store.list().map((i) => i.key);
      let reported = 0;
      return await reuseReport(service.index, keys, service.read, {
        slicer: new TimeSlicer(20),
        signal: controller.signal,
        onProgress: (done, total) => {
          const percent = Math.floor((done / total) * 100);
          if (percent > reported) {
            progress.report({ increment: percent - reported, message: vscode.l10n.t('{0} of {1} Kamervragen', done, total) });
            reported = percent;
          }
        },
      });
    } catch (err) {
      if (controller.signal.aborted) return undefined;
      throw err;
    } finally {
      cancel.dispose();
    }
  });
  if (!report) return undefined;
  if (open) {
    open.update(report);
    open.panel.reveal();
    return report;
  }
  const panel = vscode.window.createWebviewPanel(REUSE_REPORT_VIEW_TYPE, vscode.l10n.t('Kamervragen: Reuse Report'), vscode.ViewColumn.Active, {
    ...webviewOptions(services.context.extensionUri),
    enableFindWidget: true,
  });
  open = new ReuseReportPanel(services, panel, report);
  return report;
}

/** For the integration tests only: what the report's webview reports after it rendered. */
export const reuseReportTesting = {
  /** A getter, so that the production bundle (which never imports this) leaves it out. */
  get onDidRender(): vscode.Event<ReuseReportSummary> {
    return rendered.event;
  },
  panel: (): vscode.WebviewPanel | undefined => open?.panel,
};
