import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import type { PortSpec } from '../../../engine/define-node.ts';
import { useCatalogue } from '../store/catalogue-store.ts';

interface PortRowProps {
  name: string;
  spec: PortSpec;
  side: 'input' | 'output';
  /** Without its handle in an overview, where it is too small to aim at (see OVERVIEW_ZOOM). */
  withHandle: boolean;
}

/** One port: its coloured handle on the node's edge and its name, typed on hover. */
export const PortRow = memo(function PortRow({ name, spec, side, withHandle }: PortRowProps) {
  const colour = useCatalogue((state) => state.catalogue?.portColours[spec.type] ?? '#94a3b8');
  const label = spec.title ?? name;
  const optional = spec.optional ? ' (optional)' : '';
  const described = spec.description ? ` - ${spec.description}` : '';
  const hint = `${name}: ${spec.type}${optional}${described}`;

  return (
    <div className={`port port-${side}`} title={hint} data-port={name} data-port-type={spec.type}>
      {withHandle ? (
        <Handle
          type={side === 'input' ? 'target' : 'source'}
          position={side === 'input' ? Position.Left : Position.Right}
          id={name}
          className="port-handle"
          style={{ background: colour, borderColor: colour }}
        />
      ) : null}
      <span className="port-name">
        {label}
        {side === 'input' && spec.optional ? <span className="port-optional">?</span> : null}
      </span>
      <span className="port-type" style={{ color: colour }}>
        {spec.type}
      </span>
    </div>
  );
});
