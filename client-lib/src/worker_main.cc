// suture-client-worker: the merge process the client spawns (worker.h).
#include "worker.h"

int main(int argc, char** argv) { return suture::client::WorkerMain(argc, argv); }
