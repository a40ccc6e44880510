import { useUi } from '../store/ui-store.ts';

/** The latest notice (a refused connection, a save, a failure), bottom centre. */
export function NoticeToast() {
  const notice = useUi((state) => state.notice);
  const dismiss = useUi((state) => state.dismiss);
  if (!notice) return null;
  return (
    <div
      className={`notice notice-${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      onClick={() => dismiss(notice.id)}
    >
      {notice.text}
    </div>
  );
}
