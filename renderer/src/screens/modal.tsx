import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A dialog over the editor. It closes on a click outside or on the keys given (Escape always),
 * and while open it keeps every key from the canvas, whose shortcuts would otherwise edit the
 * graph behind it. A control inside with `autoFocus` takes the focus; else the dialog itself does.
 */
export function Modal({
  label,
  role = 'dialog',
  className,
  closeKeys = [],
  onClose,
  children,
}: {
  label: string;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  /** Keys that close it besides Escape. */
  closeKeys?: string[];
  onClose(): void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.contains(document.activeElement)) element.focus();
  }, []);

  return (
    <div
      className="overlay"
      onClick={onClose}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape' || closeKeys.includes(event.key)) onClose();
      }}
    >
      <div
        ref={dialog}
        className={className ? `dialog ${className}` : 'dialog'}
        role={role}
        aria-label={label}
        aria-modal="true"
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
      >
        {children}
      </div>
    </div>
  );
}
