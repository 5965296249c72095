import { Anchor, type AnchorProps, Button, type ButtonProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, Ref } from 'react';

/**
 * Mantine's anchor and button as typed router links: `to` and `params` are
 * checked against the route tree, and links preload their page on hover.
 */
type AnchorElementProps = AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> };
type ButtonElementProps = ButtonProps & AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> };

const RoutedAnchor = createLink((props: AnchorElementProps) => <Anchor component="a" {...props} />);
const RoutedButton = createLink((props: ButtonElementProps) => <Button component="a" {...props} />);

export const AnchorLink: LinkComponent<(props: AnchorElementProps) => React.JSX.Element> = (props) => <RoutedAnchor preload="intent" {...props} />;
export const ButtonLink: LinkComponent<(props: ButtonElementProps) => React.JSX.Element> = (props) => <RoutedButton preload="intent" {...props} />;
