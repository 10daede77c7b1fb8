/** How people are written in lists: one form for every view, export and card. */

/** "Queeny Rajkowski (VVD)", or the name alone when the party is not known. */
export function personLabel(person: { name: string; party: string | null }): string {
  return person.party ? `${person.name} (${person.party})` : person.name;
}

/** "Queeny Rajkowski (VVD), Nilüfer Gündoğan (Volt)". */
export function peopleLabel(people: readonly { name: string; party: string | null }[]): string {
  return people.map(personLabel).join(', ');
}
