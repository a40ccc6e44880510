/** The names of the messages between the preload and the main process. */
export const IPC = {
  session: 'pipewright:session',
  openFile: 'pipewright:open-file',
  saveFile: 'pipewright:save-file',
} as const;
