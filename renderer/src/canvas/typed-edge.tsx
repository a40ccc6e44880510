import { BaseEdge, getBezierPath, useInternalNode } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCatalogue } from '../store/catalogue-store.ts';
import type { PipelineEdge, PipelineNode } from '../store/graph-types.ts';

/** An edge drawn in the colour of the type that flows along it. */
export const TypedEdge = memo(function TypedEdge(props: EdgeProps<PipelineEdge>) {
  const { source, sourceHandleId, selected } = props;
  const kind = (useInternalNode<PipelineNode>(source)?.data.kind ?? '') as string;
  const colour = useCatalogue((state) => {
    const ports = state.ports[source] ?? state.kinds[kind];
    const type = sourceHandleId ? ports?.outputs[sourceHandleId]?.type : undefined;
    return type ? state.catalogue?.portColours[type] : undefined;
  });
  const [path] = getBezierPath(props);

  return (
    <BaseEdge
      id={props.id}
      path={path}
      style={{
        stroke: colour ?? '#64748b',
        strokeWidth: selected ? 3 : 2,
        opacity: selected ? 1 : 0.85,
      }}
    />
  );
});
