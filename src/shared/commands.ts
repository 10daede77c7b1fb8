/**
 * Every command of the extension, written once: the activation entry registers these ids, the
 * features implement them (commands/registry.ts and the notes client), trees, hovers and links
 * refer to them by name, and a unit test holds them against package.json's contributes.commands.
 * No vscode import: the language server uses the ids its links and hovers run.
 */
export const COMMANDS = {
  open: 'kamervragen.open',
  search: 'kamervragen.search',
  refresh: 'kamervragen.refresh',
  openPanel: 'kamervragen.openPanel',
  insertAnswer: 'kamervragen.insertAnswer',
  insertQuestionAndAnswer: 'kamervragen.insertQuestionAndAnswer',
  insertAnswerFromFile: 'kamervragen.insertAnswerFromFile',
  copyCitation: 'kamervragen.copyCitation',
  watch: 'kamervragen.watch',
  unwatch: 'kamervragen.unwatch',
  removeFromLibrary: 'kamervragen.removeFromLibrary',
  exportLibrary: 'kamervragen.exportLibrary',
  importTextExport: 'kamervragen.importTextExport',
  loadMoreResults: 'kamervragen.loadMoreResults',
  groupByMonth: 'kamervragen.library.groupByMonth',
  groupByMinistry: 'kamervragen.library.groupByMinistry',
  groupBySubmitter: 'kamervragen.library.groupBySubmitter',
  showStatistics: 'kamervragen.showStatistics',
  downloadArchive: 'kamervragen.downloadArchive',
  updateArchive: 'kamervragen.updateArchive',
  promisesGroupByDue: 'kamervragen.promises.groupByDue',
  promisesGroupByMinistry: 'kamervragen.promises.groupByMinistry',
  lookUpToezegging: 'kamervragen.lookUpToezegging',
  goToQuestion: 'kamervragen.goToQuestion',
  showRelated: 'kamervragen.showRelated',
  reuseReport: 'kamervragen.reuseReport',
  copyToWorkspaceLibrary: 'kamervragen.copyToWorkspaceLibrary',
  copyToGlobalLibrary: 'kamervragen.copyToGlobalLibrary',
  // The notes client's (src/extension/client).
  restartLanguageServer: 'kamervragen.restartLanguageServer',
  showCitingNotes: 'kamervragen.showCitingNotes',
  showNoteReferences: 'kamervragen.showNoteReferences',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The commands the notes client implements; the others are in commands/registry.ts. */
export const CLIENT_COMMANDS = [COMMANDS.restartLanguageServer, COMMANDS.showCitingNotes, COMMANDS.showNoteReferences] as const;
export type ClientCommandId = (typeof CLIENT_COMMANDS)[number];

export const COMMAND_IDS: readonly CommandId[] = Object.values(COMMANDS);

/** The read-only Markdown view of a Kamervraag (`kamervraag:/2023Z11786.md`), where Go to Definition leads. */
export const READING_SCHEME = 'kamervraag';
