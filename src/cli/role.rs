//! `azrs role assignment ...`: Azure RBAC role assignments (az's `role` module; the
//! create/list/delete verbs the managed-identity docs use). Role definitions and the
//! `ad` directory verbs are out of scope.

use clap::{Args, Subcommand};

use super::choice::Choice;
use super::meta::{AzVerbArgs, VerbMeta};

/// Manage Azure role-based access control (Azure RBAC).
#[derive(Debug, Args)]
pub struct RoleNamespace {
    /// The role subgroup.
    #[command(subcommand)]
    pub command: RoleCommand,
}

/// The `role` subgroups.
#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Manage role assignments.
    Assignment(RoleAssignmentNamespace),
}

impl RoleCommand {
    /// The az command name, e.g. `"role assignment create"`.
    pub fn name(&self) -> &'static str {
        match self {
            RoleCommand::Assignment(ns) => ns.command.name(),
        }
    }

    /// Every `role` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("role assignment create", RoleAssignmentCreateArgs::AZ),
        ("role assignment delete", RoleAssignmentDeleteArgs::AZ),
        ("role assignment list", RoleAssignmentListArgs::AZ),
    ];
}

/// Manage role assignments.
#[derive(Debug, Args)]
pub struct RoleAssignmentNamespace {
    /// The role assignment verb.
    #[command(subcommand)]
    pub command: RoleAssignmentCommand,
}

/// The `role assignment` verbs.
#[derive(Debug, Subcommand)]
pub enum RoleAssignmentCommand {
    /// Create a new role assignment for a user, group, or service principal.
    Create(RoleAssignmentCreateArgs),
    /// Delete role assignments.
    Delete(RoleAssignmentDeleteArgs),
    /// List role assignments.
    List(RoleAssignmentListArgs),
}

impl RoleAssignmentCommand {
    /// The az command name.
    pub fn name(&self) -> &'static str {
        match self {
            RoleAssignmentCommand::Create(_) => "role assignment create",
            RoleAssignmentCommand::Delete(_) => "role assignment delete",
            RoleAssignmentCommand::List(_) => "role assignment list",
        }
    }
}

impl AzVerbArgs for RoleAssignmentCreateArgs {}
impl AzVerbArgs for RoleAssignmentDeleteArgs {}
impl AzVerbArgs for RoleAssignmentListArgs {}

/// The principal types ARM accepts on an assignment.
const PRINCIPAL_TYPES: Choice = Choice(&["User", "Group", "ServicePrincipal", "ForeignGroup"]);

/// `role assignment create`.
#[derive(Debug, Clone, Args)]
pub struct RoleAssignmentCreateArgs {
    /// Role name or id.
    #[arg(long, required = true, value_name = "ROLE")]
    pub role: String,

    /// Scope at which the role assignment or definition applies to.
    #[arg(long, required = true, value_name = "SCOPE")]
    pub scope: String,

    /// Represent a user, group, or service principal. supported format: object id, user
    /// sign-in name, or service principal name.
    #[arg(long, value_name = "ASSIGNEE")]
    pub assignee: Option<String>,

    /// The assignee's object ID (also known as principal ID).
    #[arg(long, value_name = "ID")]
    pub assignee_object_id: Option<String>,

    /// Use with --assignee-object-id to avoid errors caused by propagation latency in
    /// Microsoft Graph.
    #[arg(long, value_name = "TYPE", value_parser = PRINCIPAL_TYPES)]
    pub assignee_principal_type: Option<String>,

    /// Description of role assignment.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Condition under which the user can be granted permission.
    #[arg(long, value_name = "CONDITION")]
    pub condition: Option<String>,

    /// Version of the condition syntax. If --condition is specified without
    /// --condition-version, default to 2.0.
    #[arg(long, value_name = "VERSION")]
    pub condition_version: Option<String>,

    /// A GUID for the role assignment. If omitted, a new GUID is generated.
    #[arg(short = 'n', long, value_name = "GUID")]
    pub name: Option<String>,
}

/// `role assignment list`.
#[derive(Debug, Clone, Args)]
pub struct RoleAssignmentListArgs {
    /// Show all assignments under the current subscription.
    #[arg(long)]
    pub all: bool,

    /// Represent a user, group, or service principal.
    #[arg(long, value_name = "ASSIGNEE")]
    pub assignee: Option<String>,

    /// The assignee's object ID (also known as principal ID).
    #[arg(long, value_name = "ID")]
    pub assignee_object_id: Option<String>,

    /// Include assignments applied on parent scopes.
    #[arg(long)]
    pub include_inherited: bool,

    /// Query Microsoft Graph to fill principalName (set to false to skip Graph).
    #[arg(long, value_name = "BOOL", value_parser = BOOLS, default_value = "true")]
    pub fill_principal_name: String,

    /// Fill roleDefinitionName property in addition to roleDefinitionId.
    #[arg(long, value_name = "BOOL", value_parser = BOOLS, default_value = "true")]
    pub fill_role_definition_name: String,

    /// Use it only if the role or assignment was added at the level of a resource group.
    #[arg(
        id = "resource_group",
        short = 'g',
        long = "resource-group",
        value_name = "NAME"
    )]
    pub resource_group: Option<String>,

    /// Role name or id.
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// Scope at which the role assignment or definition applies to.
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,
}

/// az's three-state booleans as this module takes them (`false`, `true`).
const BOOLS: Choice = Choice(&["false", "true"]);

/// `role assignment delete`.
#[derive(Debug, Clone, Args)]
pub struct RoleAssignmentDeleteArgs {
    /// Represent a user, group, or service principal.
    #[arg(long, value_name = "ASSIGNEE")]
    pub assignee: Option<String>,

    /// The assignee's object ID (also known as principal ID).
    #[arg(long, value_name = "ID")]
    pub assignee_object_id: Option<String>,

    /// Space-separated role assignment ids.
    #[arg(long, num_args = 1.., value_name = "ID")]
    pub ids: Vec<String>,

    /// Include assignments applied on parent scopes.
    #[arg(long)]
    pub include_inherited: bool,

    /// Use it only if the role or assignment was added at the level of a resource group.
    #[arg(
        id = "resource_group",
        short = 'g',
        long = "resource-group",
        value_name = "NAME"
    )]
    pub resource_group: Option<String>,

    /// Role name or id.
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// Scope at which the role assignment or definition applies to.
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,

    /// Currently no-op.
    #[arg(short = 'y', long)]
    pub yes: bool,
}
