/** Who does something, as recorded in the history: the caller's id and name from the identity token. */
export interface Actor {
  id: string;
  name: string;
}
