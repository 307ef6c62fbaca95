//! az 2.91's output pipeline against its recorded goldens: the renderer's cases purely
//! (`render`), the cases the whole app decides through the binary (`app`).

mod app;
mod render;
