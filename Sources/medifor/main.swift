import MediForCLI
