/**
 * The Markdown preview's plugin, its own small bundle (dist/preview.js): the preview loads it
 * through `extendMarkdownIt` without loading the rest of the extension.
 */
export { kamervragenPreview as extendMarkdownIt } from '../core/notes/preview';
