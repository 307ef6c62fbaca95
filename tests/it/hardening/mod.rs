//! Hardening (issue 10) as a user meets it: every outbound call survives injected faults
//! (`faults`), a self-signed server certificate is trusted as az trusts it (`tls`), no secret
//! value reaches stdout, stderr, a log or `requests.jsonl` (`secrets`), and bad input gets one
//! clear `ERROR:` line, az's exit code, no changed file and no request (`bad_input`).
//! `emulator` starts a standalone `azrs-emulator` over HTTPS for these and for `http`.

mod bad_input;
pub(crate) mod emulator;
mod faults;
mod secrets;
mod tls;
