//! The SSH key of `az aks create` (`commands.md` §6.4): `--ssh-key-value KEY|PATH`,
//! `--generate-ssh-keys`, `--no-ssh-key`, following az 2.91's `validate_ssh_key` (acs
//! `_validators.py`) and `generate_ssh_keys` (`azure/cli/core/keys.py`).
//!
//! It owns reading a key file, az's "good enough" public key check, and making or reusing an
//! RSA 2048 key pair on disk. It prints nothing: warnings come back in [`ResolvedSshKey`].
//! Key generation (OpenSSL, as az's) runs only when az would generate: the value is neither an
//! existing file nor a valid key and `--generate-ssh-keys` is given.
//! It does not know about `--sku automatic` (§6.4 step 2); the caller handles that rule.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

/// The SSH flags of `aks create`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SshKeyOptions {
    /// `--ssh-key-value`: a path to a public key file or the key text itself.
    pub ssh_key_value: Option<String>,
    /// `--generate-ssh-keys`.
    pub generate_ssh_keys: bool,
    /// `--no-ssh-key/-x`.
    pub no_ssh_key: bool,
}

/// The key to send as `linuxProfile.ssh.publicKeys[0].keyData`, with az's warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedSshKey {
    /// A file's content verbatim (trailing newline and comment included), or the key text.
    pub key_data: String,
    /// Warnings in az's order (e.g. the "SSH key files ... have been generated" text).
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SshKeyError {
    /// az's validator error for a value that is neither a file nor a key (§6.2).
    #[error(
        "The SSH key provided is not a valid RSA public key. Provide the contents of a valid SSH public key (for example, '~/.ssh/id_rsa.pub'), specify a path to a public key file, or add --generate-ssh-keys as a parameter to create a new key pair."
    )]
    Invalid,
    /// The key text made az's check itself fail (bad base64, too short); the text is Python's
    /// exception message. How az surrounds it is UNVERIFIED.
    #[error("{0}")]
    Malformed(String),
    /// An existing private key that az (paramiko) could not load; paramiko's message.
    #[error("{0}")]
    PrivateKey(String),
    #[error("Failed to {action}: {source}")]
    Io { action: String, source: io::Error },
    #[error("Failed to generate an RSA key pair")]
    Generate,
}

/// The default public key path under `home`: `<home>/.ssh/id_rsa.pub`.
pub fn default_public_key_path(home: &Path) -> PathBuf {
    home.join(".ssh").join("id_rsa.pub")
}

/// Applies az's rules; `None` means "send no `linuxProfile`".
pub fn resolve_ssh_key(
    opts: &SshKeyOptions,
    home: &Path,
) -> Result<Option<ResolvedSshKey>, SshKeyError> {
    if opts.no_ssh_key {
        return Ok(None);
    }
    let default = default_public_key_path(home);
    let default_text = default.to_string_lossy().into_owned();
    let value = match opts.ssh_key_value.as_deref() {
        Some(v) if !v.is_empty() => v.to_owned(),
        _ => default_text.clone(),
    };
    let as_path = Path::new(&value);
    if as_path.exists() {
        let key_data = fs::read_to_string(as_path).map_err(|e| io_error("read", as_path, e))?;
        return Ok(Some(ResolvedSshKey {
            key_data,
            warnings: Vec::new(),
        }));
    }
    if is_valid_ssh_public_key(&value).map_err(SshKeyError::Malformed)? {
        return Ok(Some(ResolvedSshKey {
            key_data: value,
            warnings: Vec::new(),
        }));
    }
    if opts.generate_ssh_keys {
        let public_path = PathBuf::from(&value);
        let private_path = private_key_path(&value);
        let (key_data, mut warnings) = generate_ssh_keys(&private_path, &public_path)?;
        warnings.push(format!(
            "SSH key files '{}' and '{}' have been generated under ~/.ssh to allow SSH access to the VM. If using machines without permanent storage like Azure Cloud Shell without an attached file share, back up your keys to a safe location",
            private_path.display(),
            public_path.display()
        ));
        return Ok(Some(ResolvedSshKey { key_data, warnings }));
    }
    if value.trim().is_empty() || value == default_text {
        return Ok(None);
    }
    Err(SshKeyError::Invalid)
}

/// Where the private key of a generated pair goes: az's `public_key_filepath[:-4]` when the
/// path ends in `.pub` (any case), else `<path>.private`.
///
/// Regression: this sliced the last four *bytes* as text, so a path ending in a non-ASCII
/// character (`~/.ssh/鍵`) panicked. The suffix is compared as bytes; when it matches, the
/// cut falls just before an ASCII `.`, which is always a character boundary.
fn private_key_path(value: &str) -> PathBuf {
    let cut = value.len().saturating_sub(4);
    match (value.as_bytes().get(cut..), value.get(..cut)) {
        (Some(suffix), Some(stem)) if suffix.eq_ignore_ascii_case(b".pub") => PathBuf::from(stem),
        _ => PathBuf::from(format!("{value}.private")),
    }
}

/// az's `is_valid_ssh_rsa_public_key`: at least two whitespace-separated parts, the second
/// base64 (decoded leniently like Python's `base64.decodebytes`), whose first length-prefixed
/// string equals the first part. Any key type passes (`ssh-ed25519` too). `Err` carries the
/// message of the Python exception the check would raise.
pub fn is_valid_ssh_public_key(text: &str) -> Result<bool, String> {
    let mut parts = text.split_whitespace();
    let (Some(key_type), Some(blob)) = (parts.next(), parts.next()) else {
        return Ok(false);
    };
    let data = python_decodebytes(blob)?;
    let Some(len) = data.get(..4) else {
        return Err("unpack requires a buffer of 4 bytes".to_owned());
    };
    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let end = 4usize.saturating_add(len).min(data.len());
    Ok(&data[4..end] == key_type.as_bytes())
}

/// Python's non-strict `binascii.a2b_base64`: characters outside the alphabet are skipped,
/// decoding stops at complete padding, and a dangling partial quantum is an error.
fn python_decodebytes(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (mut quad_pos, mut left_char, mut pads, mut data_chars) = (0u32, 0u8, 0u32, 0usize);
    for b in text.bytes() {
        if b == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        data_chars += 1;
        pads = 0;
        match quad_pos {
            0 => {
                left_char = v;
                quad_pos = 1;
            }
            1 => {
                out.push((left_char << 2) | (v >> 4));
                left_char = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push((left_char << 4) | (v >> 2));
                left_char = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push((left_char << 6) | v);
                quad_pos = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(format!(
            "Invalid base64-encoded string: number of data characters ({data_chars}) cannot be 1 more than a multiple of 4"
        )),
        _ => Err("Incorrect padding".to_owned()),
    }
}

/// az's `generate_ssh_keys`: reuse the public file, or derive it from an existing private key,
/// or make a new RSA 2048 pair. Returns the public key text and the warnings.
fn generate_ssh_keys(
    private_path: &Path,
    public_path: &Path,
) -> Result<(String, Vec<String>), SshKeyError> {
    let mut warnings = Vec::new();
    if public_path.is_file() {
        let key = fs::read_to_string(public_path).map_err(|e| io_error("read", public_path, e))?;
        warnings.push(format!(
            "Public SSH key file '{}' already exists in the directory: '{}'. New SSH key files will not be generated.",
            public_path.display(),
            parent_text(public_path)
        ));
        return Ok((key, warnings));
    }
    let ssh_dir = private_path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = ssh_dir
        && !dir.exists()
    {
        crate::platform::create_dir_all_with_mode(dir, 0o700)
            .map_err(|e| io_error("create directory", dir, e))?;
        // az chmods the leaf directory after creating it, whatever the umask.
        crate::platform::set_path_mode(dir, 0o700).map_err(|e| io_error("chmod", dir, e))?;
    }
    let blob = if private_path.is_file() {
        let text =
            fs::read_to_string(private_path).map_err(|e| io_error("read", private_path, e))?;
        let blob = public_blob_from_private(&text)?;
        warnings.push(format!(
            "Private SSH key file '{}' was found in the directory: '{}'. We will generate a paired public key file '{}'",
            private_path.display(),
            parent_text(private_path),
            public_path.display()
        ));
        blob
    } else {
        let (pem, blob) = new_rsa_2048()?;
        write_file(private_path, pem.as_bytes(), 0o600)?;
        blob
    };
    let public_key = format!("ssh-rsa {}", BASE64.encode(blob));
    write_file(public_path, public_key.as_bytes(), 0o644)?;
    Ok((public_key, warnings))
}

fn parent_text(path: &Path) -> String {
    path.parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// A new RSA 2048 key (e = 65537): the private key as traditional OpenSSL PEM
/// (`BEGIN RSA PRIVATE KEY`, what paramiko writes) and the public key's SSH wire blob.
/// Public for the key-generation benchmark (`bench/benches/keygen.rs`).
///
/// Generated by OpenSSL (the `openssl` crate, built from source by `openssl-src`), the library
/// az's `cryptography` wraps, seeded from the kernel's generator. aws-lc, which azrs used
/// before, took about twice az's time here (issue 12 goal 6): its first use of randomness
/// in a process runs a CPU-jitter entropy source, and its prime search trial-divides every
/// candidate in constant time. The system's OpenSSL 3.0 is slower still, hence the vendored
/// build.
pub fn new_rsa_2048() -> Result<(String, Vec<u8>), SshKeyError> {
    let rsa = openssl::rsa::Rsa::generate(2048).map_err(|_| SshKeyError::Generate)?;
    // `private_key_to_der` is PKCS#1 `RSAPrivateKey`, the body of a `BEGIN RSA PRIVATE KEY`.
    let pkcs1 = rsa
        .private_key_to_der()
        .map_err(|_| SshKeyError::Generate)?;
    let pem = pem::encode_config(
        &pem::Pem::new("RSA PRIVATE KEY", pkcs1),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    );
    let blob = ssh_rsa_blob(&rsa.e().to_vec(), &rsa.n().to_vec());
    Ok((pem, blob))
}

/// `string "ssh-rsa" || mpint e || mpint n` (RFC 4253 §6.6).
fn ssh_rsa_blob(e: &[u8], n: &[u8]) -> Vec<u8> {
    let mut blob = Vec::new();
    put_string(&mut blob, b"ssh-rsa");
    put_mpint(&mut blob, e);
    put_mpint(&mut blob, n);
    blob
}

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

fn put_mpint(out: &mut Vec<u8>, magnitude: &[u8]) {
    let start = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len());
    let digits = &magnitude[start..];
    let pad = digits.first().is_some_and(|&b| b & 0x80 != 0);
    out.extend_from_slice(&((digits.len() + usize::from(pad)) as u32).to_be_bytes());
    if pad {
        out.push(0);
    }
    out.extend_from_slice(digits);
}

/// The public key blob of an existing RSA private key, as paramiko's `RSAKey(filename=...)`
/// would load it: traditional PEM or the OpenSSH format, unencrypted.
fn public_blob_from_private(text: &str) -> Result<Vec<u8>, SshKeyError> {
    let invalid = || SshKeyError::PrivateKey("not a valid RSA private key file".to_owned());
    let encrypted = || SshKeyError::PrivateKey("Private key file is encrypted".to_owned());
    let parsed = pem::parse(text).map_err(|_| invalid())?;
    match parsed.tag() {
        "RSA PRIVATE KEY" => {
            if parsed
                .headers()
                .get("Proc-Type")
                .is_some_and(|v| v.contains("ENCRYPTED"))
            {
                return Err(encrypted());
            }
            // PKCS#1 `RSAPrivateKey`, checked for consistency (`RSA_check_key`) as
            // `cryptography` does when paramiko loads it.
            let rsa = openssl::rsa::Rsa::private_key_from_der(parsed.contents())
                .map_err(|_| invalid())?;
            if !rsa.check_key().unwrap_or(false) {
                return Err(invalid());
            }
            Ok(ssh_rsa_blob(&rsa.e().to_vec(), &rsa.n().to_vec()))
        }
        "OPENSSH PRIVATE KEY" => {
            let (cipher, blob) = openssh_public_blob(parsed.contents()).ok_or_else(invalid)?;
            if cipher != b"none" {
                return Err(encrypted());
            }
            let mut reader = blob.as_slice();
            if read_string(&mut reader) != Some(b"ssh-rsa".as_slice()) {
                return Err(invalid());
            }
            Ok(blob)
        }
        _ => Err(invalid()),
    }
}

/// The cipher name and first public key of an `openssh-key-v1` container (PROTOCOL.key).
fn openssh_public_blob(data: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut r = data.strip_prefix(b"openssh-key-v1\0")?;
    let cipher = read_string(&mut r)?.to_vec();
    read_string(&mut r)?; // kdf name
    read_string(&mut r)?; // kdf options
    let count = read_u32(&mut r)?;
    if count < 1 {
        return None;
    }
    Some((cipher, read_string(&mut r)?.to_vec()))
}

fn read_u32(r: &mut &[u8]) -> Option<u32> {
    let (head, rest) = r.split_at_checked(4)?;
    *r = rest;
    Some(u32::from_be_bytes([head[0], head[1], head[2], head[3]]))
}

fn read_string<'a>(r: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = read_u32(r)? as usize;
    let (s, rest) = r.split_at_checked(len)?;
    *r = rest;
    Some(s)
}

/// Writes `contents` to `path` atomically with permission bits `mode`.
fn write_file(path: &Path, contents: &[u8], mode: u32) -> Result<(), SshKeyError> {
    let how = crate::platform::AtomicWrite {
        mode: Some(mode),
        follow_symlink: false,
    };
    crate::platform::write_atomic(path, contents, how).map_err(|e| io_error("write", path, e))
}

fn io_error(action: &str, path: &Path, source: io::Error) -> SshKeyError {
    SshKeyError::Io {
        action: format!("{action} {}", path.display()),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // OpenSSL makes the key and reads it back (`RSA_check_key`) the
    // way an existing `~/.ssh/id_rsa` is read: the pair is sound, e = 65537, n has 2048 bits,
    // and the PEM's public half is the blob written to `id_rsa.pub`.
    #[test]
    fn generated_key_is_a_sound_rsa_2048_pair() {
        let (pem, blob) = new_rsa_2048().expect("generate");
        assert_eq!(public_blob_from_private(&pem).expect("reads back"), blob);
        let mut r = blob.as_slice();
        assert_eq!(read_string(&mut r), Some(b"ssh-rsa".as_slice()));
        assert_eq!(read_string(&mut r), Some([1u8, 0, 1].as_slice()));
        let n = read_string(&mut r).expect("modulus");
        // mpint: a zero byte, then 256 bytes whose top bit is set.
        assert_eq!((n.len(), n[0], n[1] & 0x80), (257, 0, 0x80));
        assert!(r.is_empty());
    }

    // A key that parses but whose numbers do not belong together is refused, as
    // `cryptography` refuses it for paramiko (`RSA_check_key`), not read as a public key.
    #[test]
    fn an_inconsistent_private_key_is_refused() {
        let (pem, _) = new_rsa_2048().expect("generate");
        let parsed = pem::parse(&pem).expect("PEM");
        let mut der = parsed.contents().to_vec();
        // The last byte is the coefficient's (qInv): still DER, no longer a consistent key.
        *der.last_mut().expect("not empty") ^= 0x01;
        let broken = pem::encode(&pem::Pem::new("RSA PRIVATE KEY", der));
        let err = public_blob_from_private(&broken).expect_err("refused");
        assert!(
            matches!(&err, SshKeyError::PrivateKey(m) if m == "not a valid RSA private key file"),
            "{err:?}"
        );
        let not_der = pem::encode(&pem::Pem::new("RSA PRIVATE KEY", vec![0x30, 0x03, 1, 2, 3]));
        assert!(public_blob_from_private(&not_der).is_err());
    }

    // Regression: `--ssh-key-value` with a non-ASCII path panicked (exit 101).
    #[test]
    fn private_key_path_handles_non_ascii_paths() {
        assert_eq!(private_key_path("/k/鍵.pub"), PathBuf::from("/k/鍵"));
        assert_eq!(private_key_path("/k/id.PUB"), PathBuf::from("/k/id"));
        assert_eq!(private_key_path("/k/鍵"), PathBuf::from("/k/鍵.private"));
        assert_eq!(private_key_path("鍵"), PathBuf::from("鍵.private"));
        assert_eq!(private_key_path("é.pu"), PathBuf::from("é.pu.private"));
        assert_eq!(private_key_path(".pub"), PathBuf::from(""));
        assert_eq!(private_key_path("ab"), PathBuf::from("ab.private"));
    }
}
