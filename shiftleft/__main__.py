from shiftleft.entry import main

main()
