/** Every command's implementation but the notes client's; extension.ts registers them by COMMAND_IDS. */
import { COMMANDS, type ClientCommandId, type CommandId } from '../../shared/commands';
import type { Services } from '../services';
import { insertAnswerFromFile } from './insertAnswerFromFile';
import { insertAnswerCommand } from './insertAnswer';
import { openCommand, refreshCommand } from './open';
import { searchCommand } from './search';
import {
  copyCitationCommand, groupByCommand, insertQuestionAndAnswerCommand, keyOfArg, loadMoreCommand, openPanelCommand,
  promiseGroupByCommand, refreshArgCommand, removeCommand, unwatchCommand, watchCommand,
} from './library';
import { exportCommand, importCommand } from './importExport';
import { downloadArchiveCommand, updateArchiveCommand } from './archive';
import { showStatistics } from '../panel/statistics';
import { goToQuestion } from '../panel/readingPanel';
import { showReuseReport } from '../panel/reuseReport';
import { showRelatedCommand } from './related';
import { copyToLibraryCommand } from './copyLibrary';
import { lookUpToezeggingCommand } from '../toezeggingen';

type Handler = (...args: never[]) => unknown;

export function commands(services: Services): Record<Exclude<CommandId, ClientCommandId>, Handler> {
  const insertAnswer = insertAnswerCommand(services);
  return {
    [COMMANDS.open]: openCommand(services),
    [COMMANDS.search]: searchCommand(services),
    [COMMANDS.refresh]: refreshArgCommand(refreshCommand(services)),
    [COMMANDS.openPanel]: openPanelCommand(services),
    [COMMANDS.insertAnswer]: (arg?: unknown, question?: unknown) =>
      insertAnswer(keyOfArg(arg), typeof question === 'number' ? question : (arg as { numbers?: number[] } | undefined)?.numbers?.[0]),
    [COMMANDS.insertQuestionAndAnswer]: insertQuestionAndAnswerCommand(services),
    [COMMANDS.insertAnswerFromFile]: insertAnswerFromFile,
    [COMMANDS.copyCitation]: copyCitationCommand(services),
    [COMMANDS.watch]: watchCommand(services),
    [COMMANDS.unwatch]: unwatchCommand(services),
    [COMMANDS.removeFromLibrary]: removeCommand(services),
    [COMMANDS.exportLibrary]: exportCommand(services),
    [COMMANDS.importTextExport]: importCommand(services),
    [COMMANDS.loadMoreResults]: loadMoreCommand(services),
    [COMMANDS.groupByMonth]: groupByCommand('month'),
    [COMMANDS.groupByMinistry]: groupByCommand('ministry'),
    [COMMANDS.groupBySubmitter]: groupByCommand('submitter'),
    [COMMANDS.promisesGroupByDue]: promiseGroupByCommand('due'),
    [COMMANDS.promisesGroupByMinistry]: promiseGroupByCommand('ministry'),
    [COMMANDS.lookUpToezegging]: lookUpToezeggingCommand(services),
    [COMMANDS.showStatistics]: () => showStatistics(services),
    [COMMANDS.downloadArchive]: downloadArchiveCommand(services),
    [COMMANDS.updateArchive]: updateArchiveCommand(services),
    [COMMANDS.goToQuestion]: (question?: unknown) => goToQuestion(typeof question === 'number' ? question : undefined),
    [COMMANDS.showRelated]: showRelatedCommand(services),
    [COMMANDS.reuseReport]: () => showReuseReport(services),
    [COMMANDS.copyToWorkspaceLibrary]: copyToLibraryCommand(services, 'workspace'),
    [COMMANDS.copyToGlobalLibrary]: copyToLibraryCommand(services, 'global'),
  };
}

