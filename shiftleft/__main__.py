from shiftleft.cli import main

main()
