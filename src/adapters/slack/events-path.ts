/** Path of Slack's Events API and interactivity requests in HTTP mode (set it in the app manifest). */
export const SLACK_EVENTS_PATH = '/slack/events';
