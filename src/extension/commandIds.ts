/**
 * Every command the features implement (commands/registry.ts, and the notes client's two);
 * a test checks them against package.json.
 */
export const COMMAND_IDS = [
  'kamervragen.open',
  'kamervragen.search',
  'kamervragen.refresh',
  'kamervragen.openPanel',
  'kamervragen.insertAnswer',
  'kamervragen.insertQuestionAndAnswer',
  'kamervragen.insertAnswerFromFile',
  'kamervragen.copyCitation',
  'kamervragen.watch',
  'kamervragen.unwatch',
  'kamervragen.removeFromLibrary',
  'kamervragen.exportLibrary',
  'kamervragen.importTextExport',
  'kamervragen.loadMoreResults',
  'kamervragen.library.groupByMonth',
  'kamervragen.library.groupByMinistry',
  'kamervragen.library.groupBySubmitter',
  'kamervragen.showStatistics',
  'kamervragen.restartLanguageServer',
  'kamervragen.showCitingNotes',
  'kamervragen.showNoteReferences',
  'kamervragen.goToQuestion',
] as const;
