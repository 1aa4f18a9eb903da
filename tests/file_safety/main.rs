//! Files that would lead Hamesh astray: named pipes and devices among the articles, files over
//! the size limit, symbolic links out of the corpus, file names that cannot travel through a
//! dataset, and temporary files left by a killed process. Each case goes through the scan, the
//! export and the import, as a user meets it.

mod links;
mod names;
mod special;
mod support;
mod temporaries;
