import type { AnswerService } from '../../answer/service.js';
import type { Translator } from '../../i18n/i18n.js';
import type { Store } from '../../store/store.js';

/** What the Slack features use: the shared services and the app's settings. */
export interface SlackDeps {
  answers: AnswerService;
  i18n: Translator;
  store: Store;
  /** Follow-ups in a thread the bot answered need a mention too (default: no). */
  threadNeedsMention?: boolean;
  /** /ask answers are visible to the whole channel instead of the asker only. */
  askInChannel?: boolean;
  questionsPerMinute?: number;
  log?: (message: string) => void;
}
