//! The `kubeconfig` module (being built).
