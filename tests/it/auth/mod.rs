//! Credentials and tokens: which credential azrs picks and the config dir it reads (`config`),
//! bounded token acquisition with az's failure texts (`bounds`), and every credential path
//! getting a token over real HTTPS (`credentials_https`). `login`/`logout` as verbs are the
//! `login` module.

mod bounds;
mod config;
mod credentials_https;
