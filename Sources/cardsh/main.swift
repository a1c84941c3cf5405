print("cardsh")
