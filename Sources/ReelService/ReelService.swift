// The HTTP service over the jobs (`reel serve`).
