// The <head> both inspector pages share: charset, viewport, title, no favicon request, the stylesheet under `base`.
import { escapeXml } from './svg';

/** `base` is escaped here; `title` is a fixed string of ours. */
export function documentHead(title: string, base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeXml(base)}/inspector.css">
</head>`;
}
