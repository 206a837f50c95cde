/** A placeholder with the shape of what is loading (hidden from screen readers; the region that
 *  contains it says aria-busy). */
export function Skeleton({ width = '100%', height = 16, className = '' }: { width?: number | string; height?: number | string; className?: string }) {
  return <span className={`skeleton ${className}`.trim()} style={{ width, height }} aria-hidden="true" />;
}

/** Several text lines of decreasing length. */
export function SkeletonLines({ lines = 3 }: { lines?: number }) {
  return (
    <div className="skeleton-lines" aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} width={`${100 - i * 15}%`} height={14} />
      ))}
    </div>
  );
}
