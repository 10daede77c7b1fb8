/** Showing a Kamervraag: the reading panel, scrolled to the question. */
import type { Services } from './services';
import { showReadingPanel } from './panel/readingPanel';

export async function showKamervraag(services: Services, key: string, question?: number): Promise<void> {
  await showReadingPanel(services, key, question);
}
