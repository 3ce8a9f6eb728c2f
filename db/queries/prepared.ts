/**
 * A statement that hot paths run on every request, built once per database handle rather than on every
 * call: drizzle assembles a query's SQL text from its parts each time it runs, which on a status call cost
 * more of the web app's CPU than anything else of ours. A prepared query keeps the text and its parameter
 * slots (`sql.placeholder`) and is bound to the handle it was made on, so each handle (the app's pool, a
 * test's, a transaction) gets its own. PostgreSQL then also keeps the parsed statement per connection.
 */
export function preparedPer<H extends object, Q>(build: (db: H) => Q): (db: H) => Q {
  const made = new WeakMap<H, Q>();
  return (db) => {
    let query = made.get(db);
    if (query === undefined) {
      query = build(db);
      made.set(db, query);
    }
    return query;
  };
}
