/**
 * The open workflow lives in the address fragment (`#token=...&workflow=id`) so that a reload
 * opens it again. The fragment never reaches the server.
 */
export function workflowInAddress(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('workflow');
}

export function putWorkflowInAddress(id: string | null): void {
  const params = new URLSearchParams(window.location.hash.slice(1));
  if (id) params.set('workflow', id);
  else params.delete('workflow');
  const hash = params.toString();
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`,
  );
}
