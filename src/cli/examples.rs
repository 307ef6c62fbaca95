//! The help examples az prints under "Examples from command's help:" after some parser errors
//! (an invalid choice, a misspelled sub-command with a close match). One example per command,
//! taken from az 2.91's help files; the program name is added when rendering.

/// `(command path, example arguments after the program name, description)`.
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "account list",
        "account list",
        "Get a list of subscriptions for the logged in account.",
    ),
    (
        "account set",
        "account set --subscription MySubscription",
        "Set the current active subscription.",
    ),
    (
        "account show",
        "account show",
        "Get the details of the current active subscription.",
    ),
    (
        "aks create",
        "aks create -g MyResourceGroup -n MyManagedCluster",
        "Create a Kubernetes cluster with an existing SSH public key.",
    ),
    (
        "aks delete",
        "aks delete --name MyManagedCluster --resource-group MyResourceGroup",
        "Delete a managed Kubernetes cluster.",
    ),
    (
        "aks get-credentials",
        "aks get-credentials --name MyManagedCluster --resource-group MyResourceGroup",
        "Get access credentials for a managed Kubernetes cluster.",
    ),
    ("aks list", "aks list", "List managed Kubernetes clusters."),
    (
        "aks show",
        "aks show --name MyManagedCluster --resource-group MyResourceGroup",
        "Show the details for a managed Kubernetes cluster.",
    ),
    (
        "aks wait",
        "aks wait -g MyResourceGroup -n MyManagedCluster --created --interval 60",
        "Wait for a cluster to be upgraded, polling every minute for up to thirty minutes.",
    ),
    ("cloud list", "cloud list", "List registered clouds."),
    (
        "cloud register",
        "cloud register -n MyCloud --endpoint-resource-manager https://management.example.com",
        "Register a cloud with a resource manager endpoint.",
    ),
    (
        "cloud set",
        "cloud set -n AzureCloud",
        "Switch the active cloud.",
    ),
    (
        "cloud show",
        "cloud show -n AzureCloud",
        "Get the details of a registered cloud.",
    ),
    (
        "cloud unregister",
        "cloud unregister -n MyCloud",
        "Unregister a cloud.",
    ),
    (
        "extension add",
        "extension add --name anextension",
        "Add extension by name",
    ),
    (
        "extension list",
        "extension list",
        "List the installed extensions.",
    ),
    (
        "extension list-available",
        "extension list-available --output table",
        "List all publicly available extensions",
    ),
    (
        "extension remove",
        "extension remove --name MyExtension",
        "Remove an extension.",
    ),
    (
        "extension show",
        "extension show --name MyExtension",
        "Show an extension.",
    ),
    (
        "extension update",
        "extension update --name anextension",
        "Update an extension by name",
    ),
    (
        "feature list",
        "feature list --namespace Microsoft.ContainerService",
        "List preview features of a provider.",
    ),
    (
        "feature register",
        "feature register --namespace Microsoft.Compute --name SharedDisksForPremium",
        "register the \"Shared Disk\" feature",
    ),
    (
        "feature show",
        "feature show --namespace Microsoft.Compute --name SharedDisksForPremium",
        "Get the details of a preview feature.",
    ),
    (
        "feature unregister",
        "feature unregister --namespace Microsoft.Compute --name SharedDisksForPremium",
        "unregister the \"Shared Disk\" feature",
    ),
    (
        "group create",
        "group create -l westus -n MyResourceGroup",
        "Create a new resource group in the West US region.",
    ),
    (
        "group delete",
        "group delete -n MyResourceGroup",
        "Delete a resource group.",
    ),
    (
        "group exists",
        "group exists -n MyResourceGroup",
        "Check if 'MyResourceGroup' exists.",
    ),
    (
        "group list",
        "group list --query \"[?location=='westus']\"",
        "List all resource groups located in the West US region.",
    ),
    (
        "group show",
        "group show --name MyResourceGroup",
        "Gets a resource group.",
    ),
    (
        "provider list",
        "provider list --query [].namespace",
        "Display all resource provider names.",
    ),
    (
        "provider register",
        "provider register --namespace 'Microsoft.PolicyInsights'",
        "Register a provider.",
    ),
    (
        "provider show",
        "provider show -n Microsoft.Storage",
        "Gets the specified resource provider.",
    ),
    (
        "provider unregister",
        "provider unregister --namespace Microsoft.Automation",
        "Unregister a provider.",
    ),
];

/// The help example of the command at `path` (`"group list"`), as
/// `(arguments after the program name, description)`.
pub fn example_for(path: &str) -> Option<(&'static str, &'static str)> {
    EXAMPLES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, args, desc)| (*args, *desc))
}
