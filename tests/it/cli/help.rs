//! Help renders for the whole tree and completion scripts cover it.

use super::*;

#[test]
fn help_renders_for_the_tree() {
    azrs::cli::command().debug_assert();
    let cases: [&[&str]; 5] = [
        &["--help"],
        &[],
        &["aks", "create", "--help"],
        &["group", "-h"],
        &["aks", "get-credentials", "-h"],
    ];
    for args in cases {
        match parse_from(argv(args)) {
            Err(ParseError::Help(text)) => assert!(text.contains("azrs"), "{args:?}: {text}"),
            other => panic!("{args:?}: expected help, got {other:?}"),
        }
    }
    let Err(err) = parse_from(argv(&["aks", "create", "--help"])) else {
        panic!()
    };
    assert_eq!(err.exit_code(), 0);
    let ParseError::Help(text) = err else {
        panic!()
    };
    assert!(
        text.contains("--enable-managed-identity") && text.contains("--resource-group"),
        "{text}"
    );
}

#[test]
fn completion_scripts_cover_the_tree() {
    let bash = String::from_utf8(CompletionCommand::Bash.script()).expect("utf-8");
    assert!(!bash.is_empty());
    assert!(bash.contains("aks") && bash.contains("get-credentials") && bash.contains("azrs"));
    for shell in [
        CompletionCommand::Zsh,
        CompletionCommand::Fish,
        CompletionCommand::Powershell,
    ] {
        assert!(!shell.script().is_empty(), "{shell:?}");
    }
}
