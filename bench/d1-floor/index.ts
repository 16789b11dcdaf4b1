// A second reference point for the API benchmark: a bare Worker that does one D1 read per
// request. Locally D1 is emulated inside workerd, so this is the ceiling for any D1-reading route.
export default {
  async fetch(
    _request: Request,
    env: { DB: { prepare(sql: string): { first(): Promise<unknown> } } },
  ): Promise<Response> {
    return Response.json(await env.DB.prepare("SELECT 1 AS one").first());
  },
};
