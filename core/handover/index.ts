/**
 * What other capabilities may ask of the handover besides its model and ports: the reminders of open
 * platform-control tasks.
 */
export { remindOpenTasks } from './reports.ts';
