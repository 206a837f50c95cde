import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { isPlainLeftClick, navigate } from './navigation.js';

/** An ordinary link that changes screen without reloading (and still opens in a new tab). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (!isPlainLeftClick(event) || rest.target === '_blank') return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
