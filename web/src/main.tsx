import { render } from "preact";
import { App } from "./app";
import { restoreSession } from "./lib/api";
import "./styles.css";

// Invitation e-mails link to /invitations/accept#token=…; the console routes by hash, so that
// link becomes #/invite/<token> before anything renders.
const invited = location.pathname === "/invitations/accept" && /^#token=([\w-]+)$/.exec(location.hash);
if (invited) history.replaceState(null, "", `/#/invite/${invited[1]}`);

void restoreSession();
render(<App />, document.getElementById("app")!);
