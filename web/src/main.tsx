import { render } from "preact";
import { App } from "./app";
import { restoreSession } from "./lib/api";
import "./styles.css";

// Mails link to /invitations/accept#token=… and /verify-email#token=…; the console routes by
// hash, so those links become #/invite/<token> and #/verify-email/<token> before anything renders.
const linked = { "/invitations/accept": "invite", "/verify-email": "verify-email" }[location.pathname];
const token = /^#token=([\w-]+)$/.exec(location.hash);
if (linked && token) history.replaceState(null, "", `/#/${linked}/${token[1]}`);

void restoreSession();
render(<App />, document.getElementById("app")!);
