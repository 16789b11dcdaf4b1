// The API benchmark's baseline: a bare Hono hello-world Worker, run on raw workerd like ours.
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.json({ hello: "world" }));

export default app;
