//! What differs between operating systems, in one place: permission bits, telling whether two
//! handles name the same file, atomic replacement of a file or a directory, and the home
//! directory. Everything
//! else in azrs is written against these functions and names no `std::os::*` module, so the
//! Windows build compiles the same code.
//!
//! How each behaves follows az (Python) on that system: on unix permission bits are applied
//! (`os.chmod`, `os.makedirs(mode=…)`); on Windows they are not (Python's `chmod` only toggles
//! the read-only flag; a file inherits the ACL of its directory under the user's profile), so the
//! mode functions do nothing there and report no bits.
//!
//! Submodules: [`lock`] (OS locks a crash cannot strand), [`cleanup`] (what a run leaves on
//! disk while it works, removed on a signal and swept after a `kill -9`) and [`signal`]
//! (Ctrl-C, SIGTERM, SIGHUP end a run with exit 1 and clean up).
//!
//! Not here: what to write, lock or name (the callers: `config`, `kubeconfig`, `sshkey`,
//! `extension`), and wording errors for the user.

pub mod cleanup;
pub mod lock;
pub mod signal;

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use lock::{FileLock, LockError};

/// Permission bits of a file that only its owner may read and write.
pub const PRIVATE_FILE: u32 = 0o600;

/// The permission bits of `meta` (`None` where the system has none).
pub fn mode_of(meta: &Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Give the open `file` the permission bits `mode` (nothing on Windows).
pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode);
        Ok(())
    }
}

/// Give the file at `path` the permission bits `mode` (nothing on Windows).
pub fn set_path_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// `options` creating new files with permission bits `mode` (subject to the umask, as
/// `os.open(…, mode)`), nothing on Windows.
pub fn create_mode(options: &mut OpenOptions, mode: u32) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        options
    }
}

/// `mkdir -p path` where each directory created gets `mode` (az: `os.makedirs(…, mode)`).
pub fn create_dir_all_with_mode(path: &Path, mode: u32) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.create(path)
}

/// Whether two metadata name the same file (device and inode). Windows cannot tell from stable
/// std, and needs not: a file open there cannot be removed and replaced under its name, which
/// is the race this guards against on unix.
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// The home directory from the system when the environment names none: on unix the password
/// database (`HOME` unset, as Python's `expanduser` falls back to `pwd`), on Windows the user's
/// profile folder.
pub fn home_dir() -> Option<PathBuf> {
    std::env::home_dir().filter(|p| !p.as_os_str().is_empty())
}

/// How [`write_atomic`] treats the target.
#[derive(Debug, Clone, Copy, Default)]
pub struct AtomicWrite {
    /// Permission bits of the new file; `None` keeps the temporary file's owner-only bits.
    pub mode: Option<u32>,
    /// When `path` is a symlink, replace the file it points to (as az's writes through the
    /// link do) instead of the link itself.
    pub follow_symlink: bool,
}

/// Replace `path` with `contents` so that readers see either the old file or the whole new one:
/// a temporary file in the target's own directory (same file system, so the rename is atomic),
/// written, given its mode, flushed to disk, then renamed over the target, and the directory
/// synced so the rename survives a crash. On any failure the temporary file is removed and the
/// target left as it was; a signal removes it too ([`cleanup`]). The temporary file is OS-locked
/// while it lives, so temporary files of killed runs (`kill -9`) are told apart from those of
/// live writers and swept by the next write to the same file.
pub fn write_atomic(path: &Path, contents: &[u8], how: AtomicWrite) -> io::Result<()> {
    let target = if how.follow_symlink {
        resolve_symlinks(path)?
    } else {
        path.to_path_buf()
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{file_name}.");
    cleanup::sweep(&dir, |n| n.starts_with(&prefix) && n.ends_with(TEMP_SUFFIX));
    let (mut temp, registered) = loop {
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&dir)?;
        let registered = cleanup::Registered::file(temp.path());
        if cleanup::hold(temp.as_file(), temp.path())? {
            break (temp, registered);
        }
    };
    temp.write_all(contents)?;
    if let Some(mode) = how.mode {
        set_mode(temp.as_file(), mode)?;
    }
    temp.as_file().sync_all()?;
    registered.settle(|| temp.persist(&target).map_err(|e| e.error))?;
    sync_dir(&dir);
    Ok(())
}

/// The suffix of [`write_atomic`]'s temporary files (`.<name>.<random>.tmp`).
const TEMP_SUFFIX: &str = ".tmp";

/// Put the directory `new` in place of `target`, which may exist: the old one is renamed to
/// `aside` first (neither unix nor Windows renames over a non-empty directory), then `new` is
/// renamed in; if that fails the old one is put back. All three paths must be on one file
/// system. The caller deletes `aside`.
pub fn replace_dir(new: &Path, target: &Path, aside: &Path) -> Result<(), ReplaceDirError> {
    let had_old = target.symlink_metadata().is_ok();
    if had_old {
        fs::rename(target, aside).map_err(ReplaceDirError::MoveAside)?;
    }
    if let Err(e) = fs::rename(new, target) {
        if had_old && let Err(back) = fs::rename(aside, target) {
            tracing::debug!(error = %back, "could not move the previous version back");
        }
        return Err(ReplaceDirError::MoveIn(e));
    }
    Ok(())
}

/// Which step of [`replace_dir`] failed.
#[derive(Debug)]
pub enum ReplaceDirError {
    /// Renaming the existing directory aside.
    MoveAside(io::Error),
    /// Renaming the new directory in (the old one was put back).
    MoveIn(io::Error),
}

/// Follow `path` through symlinks (relative links against their own directory) to the file
/// they name, which need not exist yet.
fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // Linux gives up after 40 links (ELOOP); so do we.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links: {}",
        path.display()
    )))
}

/// Make a rename in `dir` durable (unix; Windows has no directory handles to sync). Best
/// effort: the data itself was synced before the rename.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn write_atomic_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config");
        fs::write(&path, "old").expect("write");
        write_atomic(&path, b"new", AtomicWrite::default()).expect("replace");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(names(dir.path()), vec!["config"]);
    }

    #[test]
    fn failed_write_atomic_keeps_the_old_file_and_leaves_no_litter() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The target is a directory: the rename fails after the temp file was written.
        let path = dir.path().join("target");
        fs::create_dir(&path).expect("mkdir");
        fs::write(path.join("inside"), "kept").expect("write");
        assert!(write_atomic(&path, b"new", AtomicWrite::default()).is_err());
        assert_eq!(names(dir.path()), vec!["target"]);
        assert_eq!(
            fs::read_to_string(path.join("inside")).expect("read"),
            "kept"
        );
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_applies_the_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("secret");
        let how = AtomicWrite {
            mode: Some(PRIVATE_FILE),
            ..AtomicWrite::default()
        };
        write_atomic(&path, b"s", how).expect("write");
        let meta = fs::metadata(&path).expect("meta");
        assert_eq!(mode_of(&meta), Some(0o600));
        set_path_mode(&path, 0o644).expect("chmod");
        assert_eq!(mode_of(&fs::metadata(&path).expect("meta")), Some(0o644));
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_through_a_symlink_replaces_its_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real_dir = dir.path().join("real");
        fs::create_dir(&real_dir).expect("mkdir");
        fs::write(real_dir.join("config"), "old").expect("write");
        let link = dir.path().join("config");
        std::os::unix::fs::symlink("real/config", &link).expect("symlink");
        let how = AtomicWrite {
            follow_symlink: true,
            ..AtomicWrite::default()
        };
        write_atomic(&link, b"new", how).expect("write");
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&link).expect("read"), "new");
        assert_eq!(names(&real_dir), vec!["config"]);
    }

    #[test]
    fn replace_dir_swaps_and_restores_on_failure() {
        let root = tempfile::tempdir().expect("tempdir");
        let (new, target, aside) = (
            root.path().join("new"),
            root.path().join("target"),
            root.path().join("aside"),
        );
        fs::create_dir(&new).expect("mkdir");
        fs::write(new.join("v"), "2").expect("write");
        fs::create_dir(&target).expect("mkdir");
        fs::write(target.join("v"), "1").expect("write");
        replace_dir(&new, &target, &aside).expect("swap");
        assert_eq!(fs::read_to_string(target.join("v")).expect("read"), "2");
        assert_eq!(fs::read_to_string(aside.join("v")).expect("read"), "1");

        // The new directory is gone: the old one goes back under its name.
        fs::remove_dir_all(&aside).expect("clean");
        let err = replace_dir(&new, &target, &aside).expect_err("no new dir");
        assert!(matches!(err, ReplaceDirError::MoveIn(_)));
        assert_eq!(fs::read_to_string(target.join("v")).expect("read"), "2");
        assert!(!aside.exists());
    }

    #[test]
    fn same_file_tells_a_replaced_file_apart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        fs::write(&path, "a").expect("write");
        let first = fs::metadata(&path).expect("meta");
        assert!(same_file(&first, &fs::metadata(&path).expect("meta")));
        let other = dir.path().join("g");
        fs::write(&other, "b").expect("write");
        #[cfg(unix)]
        assert!(!same_file(&first, &fs::metadata(&other).expect("meta")));
    }

    #[test]
    fn home_dir_is_not_empty_when_known() {
        if let Some(home) = home_dir() {
            assert!(!home.as_os_str().is_empty());
        }
    }
}
