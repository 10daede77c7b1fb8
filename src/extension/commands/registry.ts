/** Every command's implementation; extension.ts registers them by COMMAND_IDS. */
import type { COMMAND_IDS } from '../commandIds';
import type { Services } from '../services';
import { insertAnswerFromFile } from './insertAnswerFromFile';
import { insertAnswerCommand } from './insertAnswer';
import { openCommand, refreshCommand } from './open';
import { searchCommand } from './search';
import {
  copyCitationCommand, groupByCommand, insertQuestionAndAnswerCommand, keyOfArg, loadMoreCommand, openPanelCommand,
  refreshArgCommand, removeCommand, unwatchCommand, watchCommand,
} from './library';
import { exportCommand, importCommand } from './importExport';
import { showStatistics } from '../panel/statistics';
import { goToQuestion } from '../panel/readingPanel';

type Handler = (...args: never[]) => unknown;

export function commands(services: Services): Record<Exclude<(typeof COMMAND_IDS)[number], 'kamervragen.restartLanguageServer' | 'kamervragen.showCitingNotes' | 'kamervragen.showNoteReferences'>, Handler> {
  const insertAnswer = insertAnswerCommand(services);
  return {
    'kamervragen.open': openCommand(services),
    'kamervragen.search': searchCommand(services),
    'kamervragen.refresh': refreshArgCommand(refreshCommand(services)),
    'kamervragen.openPanel': openPanelCommand(services),
    'kamervragen.insertAnswer': (arg?: unknown, question?: unknown) =>
      insertAnswer(keyOfArg(arg), typeof question === 'number' ? question : (arg as { numbers?: number[] } | undefined)?.numbers?.[0]),
    'kamervragen.insertQuestionAndAnswer': insertQuestionAndAnswerCommand(services),
    'kamervragen.insertAnswerFromFile': insertAnswerFromFile,
    'kamervragen.copyCitation': copyCitationCommand(services),
    'kamervragen.watch': watchCommand(services),
    'kamervragen.unwatch': unwatchCommand(services),
    'kamervragen.removeFromLibrary': removeCommand(services),
    'kamervragen.exportLibrary': exportCommand(services),
    'kamervragen.importTextExport': importCommand(services),
    'kamervragen.loadMoreResults': loadMoreCommand(services),
    'kamervragen.library.groupByMonth': groupByCommand('month'),
    'kamervragen.library.groupByMinistry': groupByCommand('ministry'),
    'kamervragen.library.groupBySubmitter': groupByCommand('submitter'),
    'kamervragen.showStatistics': () => showStatistics(services),
    'kamervragen.goToQuestion': (question?: unknown) => goToQuestion(typeof question === 'number' ? question : undefined),
  };
}

