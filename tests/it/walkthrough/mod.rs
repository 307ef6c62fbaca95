//! The seed walkthrough (`spec/reference/az-walkthrough-output.txt`) end to end: the printed
//! transcript of its feature, provider and group steps (`transcript`), and the whole AKS flow
//! ending in kubectl reading the kubeconfig (`aks`).

mod aks;
mod transcript;
